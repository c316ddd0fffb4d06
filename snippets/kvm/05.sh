# docs/zh/kvm.md:76 · docs/en/kvm.md:79
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0/2; timeout 60s; output checked: answers
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
ls -l /dev/kvm
