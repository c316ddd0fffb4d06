# docs/zh/openstack-debian.md:174 · docs/en/openstack-debian.md:175
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --set /etc/keystone/keystone-uwsgi.ini uwsgi processes 1
