# docs/zh/openstack-debian.md:924 · docs/en/openstack-debian.md:925
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo tail -n 20 /var/log/nova/nova-api.log /var/log/nova/nova-scheduler.log /var/log/nova/nova-conductor.log
