// Put in front of Material's search worker by the build (docs_tooling/build/search_worker.py). Two additions to
// lunr's search, each driven by the index's config (docs_tooling/build/search_split.py writes it):
//
// - config.appendix, the appendix pages (glossary, contributor guide): they rank after every other page found, but
//   for a section whose title has a query word, or a word of the same stem (the guide's "Translating" for
//   "translations"): that section is about the query. A query only they answer (pytest) lists them as lunr ranks them.
// - config.forms (the English index only), groups of word forms (docs_tooling/build/search_forms.py): each query
//   word also looks up the other forms of its group that the pages contain, so "routes" finds "route", "bridging"
//   "bridge", "virtualization" "virtualisation". lunr runs the search pipeline on each query word and looks up every
//   term it returns (lunr's own way to expand a query), but not on a word with a wildcard, and Material gives every
//   word one: such a word goes through the pipeline too (the English search pipeline holds no other function:
//   Material leaves out lunr's stemmer, which the index's settings do not name).
//
// And one repair, for every index: Material's worker splits a query's run of Chinese characters into the index's
// terms, trying each beginning of the run but the whole run itself; when a shorter beginning is a term, the rest is
// dropped (the word for gateway became its first character, which then matched the word for network, as soon as a page
// had that character as a word of its own). One more Chinese character (END) put after such a run makes the whole
// run one of the beginnings tried; the piece after it, END alone, Material drops.
//
// An index without the appendix and forms keys searches as Material's own worker does, but for that repair.
(() => {
  "use strict"
  const SETUP = 0, QUERY = 2, RESULT = 3  // Material's SearchMessageType
  const HAN = /\p{sc=Han}+/gu  // the runs Material's worker splits into terms (its own pattern)
  const END = "\u3007"  // IDEOGRAPHIC NUMBER ZERO, of the Han script, so part of the run
  const PREFIX = 3  // a word being typed this long also takes the groups of the forms it begins ("bridgi": bridging)
  const WORD = /^([^*]+)(\*?)$/  // a query word, maybe with a trailing wildcard (not "*ing", not "ro*te")
  // Material multiplies a result's score by at most 5 (1 + boost ** 2, boost up to 2): appendix pages demoted for a
  // reader's query score less than a fifth of the weakest other page found.
  const RERANK = 5

  let appendix = new Set()  // page locations ("en/glossary/")
  let titles = new Map()  // section location -> the stems of its title's words
  let groups = null  // form -> its group (array of forms), while the worker's index has forms
  let forms = []  // every form of a group, sorted
  let terms = []  // the index's terms, sorted (every index: the Chinese repair needs them too)
  let credited = new Map()  // document ref -> terms found for a query word in the last search
  let installed = false  // lunr patched (once per worker)

  function lowerBound(list, word) {
    let low = 0, high = list.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (list[middle] < word) low = middle + 1
      else high = middle
    }
    return low
  }

  const has = (list, word) => list[lowerBound(list, word)] === word
  const hasPrefix = (list, prefix) => (list[lowerBound(list, prefix)] || "").startsWith(prefix)
  const page = ref => ref.split("#")[0]

  // --- word forms --------------------------------------------------------------------------------------------------

  // The index terms a query word stands for besides those it finds by itself (as a whole word, or with its
  // wildcard as the beginning of longer ones).
  function variants(word, wildcard) {
    if (!groups) return []
    const found = new Set(groups.get(word) || [])
    if (wildcard && word.length >= PREFIX)
      for (let i = lowerBound(forms, word); i < forms.length && forms[i].startsWith(word); i++)
        for (const form of groups.get(forms[i])) found.add(form)
    return [...found]
      .filter(form => form !== word && !(wildcard && form.startsWith(word)) && has(terms, form))
      .sort()
  }

  // Search pipeline function: a query word, and its variants as whole words. Only terms the index holds are
  // returned (lunr finds nothing for a required word as soon as one of its terms is missing from the index).
  function expand(token) {
    const match = WORD.exec(token.toString())
    if (!match) return token
    const [, word, wildcard] = match
    const extra = variants(word, !!wildcard)
    if (!extra.length) return token
    const own = wildcard ? hasPrefix(terms, word) : has(terms, word)
    return [...own ? [token] : [], ...extra.map(form => token.clone(() => form))]
  }

  // Material counts a query word as found in a document when a matched term begins with it, and lists it as
  // missing otherwise: a variant's match is filed under the query word (its positions, which mark the text, stay).
  function credit(ref, metadata, words) {
    for (const term of Object.keys(metadata)) {
      if (words.some(({ word }) => term.startsWith(word))) continue
      const owner = words.find(({ extra }) => extra.includes(term))
      if (!owner) continue
      const into = metadata[owner.word] ||= {}
      for (const [field, data] of Object.entries(metadata[term])) {
        const target = into[field] ||= {}
        for (const [key, values] of Object.entries(data)) target[key] = [...target[key] || [], ...values]
      }
      delete metadata[term]
      credited.set(ref, [...credited.get(ref) || [], term])
    }
  }

  // --- ranking -----------------------------------------------------------------------------------------------------

  // The stems of a text's words (lunr's English stemmer; a Chinese word has no suffix it would cut).
  const stems = text => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(word => self.lunr.stemmer(new self.lunr.Token(word)).toString())

  // A section about the query: its title matched (lunr's metadata), or holds a word of a query word's stem.
  const titled = ({ ref, matchData }, asked) => Object.values(matchData.metadata).some(fields => "title" in fields)
    || (titles.get(ref) || []).some(stem => asked.has(stem))

  // The appendix pages' sections that match in their text only go after every other page found, in their own order;
  // a section whose title is about the query keeps its place. (A first rule compared how often the query's words occur
  // in the appendix pages and in the others: the Chinese for bridge flipped to the glossary first as soon as the
  // guide grew.)
  function rank(results, asked) {
    const inAppendix = results.filter(r => appendix.has(page(r.ref)))
    const others = results.filter(r => !appendix.has(page(r.ref)))
    const demoted = inAppendix.filter(result => !titled(result, asked))
    if (!demoted.length || !others.length) return results
    const best = new Map()  // page -> its best score
    for (const { ref, score } of others) best.set(page(ref), Math.max(best.get(page(ref)) || 0, score))
    const floor = Math.min(...best.values()) / RERANK
    const top = Math.max(...demoted.map(result => result.score))
    if (top < floor) return results
    for (const result of demoted) result.score *= 0.99 * floor / top
    return results.sort((a, b) => b.score - a.score)
  }

  // --- lunr --------------------------------------------------------------------------------------------------------

  function install(lunr) {
    lunr.Pipeline.registerFunction(expand, "wordForms")
    const build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      terms = Object.keys(this.invertedIndex).sort()
      if (groups) this.searchPipeline.add(expand)
      return build.call(this)
    }
    // lunr's own search (parse, then query); with forms, the query words that carry a wildcard go through the
    // pipeline too. Then the variants are credited to their query words and the results ranked.
    lunr.Index.prototype.search = function (queryString) {
      const words = []
      const asked = new Set()  // the stems of the query's words
      const results = this.query(query => {
        new lunr.QueryParser(queryString, query).parse()
        for (const clause of query.clauses) {
          const match = WORD.exec(clause.term)
          if (!match) continue
          stems(match[1]).forEach(stem => asked.add(stem))
          if (!groups) continue
          clause.usePipeline = true
          words.push({ word: match[1], extra: variants(match[1], !!match[2]) })
        }
      })
      credited = new Map()
      for (const { ref, matchData } of results) credit(ref, matchData.metadata, words)
      return rank(results, asked)
    }
  }

  // --- Chinese queries -------------------------------------------------------------------------------------------

  // The query with END after each run of Chinese characters that begins with a term (a run none of whose beginnings
  // is a term, Material keeps whole: END would stay in it).
  const whole = query => query.replace(HAN, run => {
    for (let length = 1; length <= run.length; length++)
      if (has(terms, run.slice(0, length))) return run + END
    return run
  })

  addEventListener("message", ({ data: message }) => {
    if (message && message.type === QUERY && typeof message.data === "string") message.data = whole(message.data)
    if (!message || message.type !== SETUP) return
    const config = (message.data && message.data.config) || {}
    appendix = new Set(config.appendix || [])
    titles = new Map(((message.data && message.data.docs) || []).filter(doc => appendix.has(page(doc.location)))
      .map(doc => [doc.location, stems(doc.title || "")]))
    groups = null
    if (Array.isArray(config.forms)) {
      groups = new Map()
      for (const line of config.forms) {
        const group = line.split(" ")
        for (const form of group) groups.set(form, group)
      }
      forms = [...groups.keys()].sort()
    }
    if (!installed) install(self.lunr)
    installed = true
  })

  // The result goes back to the page: a document found through variants lists them among its found terms too, so
  // that the link to it (search.highlight's "h" parameter) marks them on the page as well.
  const post = self.postMessage
  self.postMessage = function (message, ...rest) {
    if (message && message.type === RESULT && credited.size)
      for (const item of message.data.items.flat())
        for (const term of credited.get(item.location) || [])
          item.terms = { ...item.terms, [term]: true }
    return post.call(self, message, ...rest)
  }
})();
