# docs/zh/kvm.md:36 · docs/en/kvm.md:39
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0/1; timeout 60s; output checked: answers
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
grep -Ec '(vmx|svm)' /proc/cpuinfo
