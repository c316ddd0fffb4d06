# docs/zh/openstack-debian.md:122 · docs/en/openstack-debian.md:123
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service rabbitmq-server start
sudo rabbitmqctl add_user openstack "$RABBIT_PASS"
sudo rabbitmqctl set_permissions openstack ".*" ".*" ".*"
