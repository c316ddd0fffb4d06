# docs/zh/openstack-debian.md:802 · docs/en/openstack-debian.md:803
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 180s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service nova-compute restart
until openstack compute service list --service nova-compute -f value -c State | grep -qx up; do sleep 2; done
openstack compute service list
