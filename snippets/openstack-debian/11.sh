# docs/zh/openstack-debian.md:183 · docs/en/openstack-debian.md:184
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 300s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo -u keystone keystone-manage db_sync
sudo keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone
sudo keystone-manage credential_setup --keystone-user keystone --keystone-group keystone
sudo keystone-manage bootstrap --bootstrap-password "$ADMIN_PASS" \
  --bootstrap-admin-url http://controller:5000/v3/ \
  --bootstrap-internal-url http://controller:5000/v3/ \
  --bootstrap-public-url http://controller:5000/v3/ \
  --bootstrap-region-id RegionOne
