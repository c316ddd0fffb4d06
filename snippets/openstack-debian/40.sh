# docs/zh/openstack-debian.md:719 · docs/en/openstack-debian.md:720
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo -u neutron neutron-db-manage --config-file /etc/neutron/neutron.conf \
  --config-file /etc/neutron/plugins/ml2/ml2_conf.ini upgrade head
sudo service neutron-api restart
sudo service neutron-rpc-server restart
sudo service nova-api restart
curl -s --retry 30 --retry-connrefused --retry-delay 1 http://controller:9696/
