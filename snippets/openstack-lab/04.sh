# docs/zh/openstack-lab.md:72 · docs/en/openstack-lab.md:81
# runs typed into the interactive container shell opened earlier on the page; exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
exit
