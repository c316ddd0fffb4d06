# docs/zh/openstack-debian.md:66 · docs/en/openstack-debian.md:67
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: same
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
for name in ADMIN_PASS RABBIT_PASS KEYSTONE_DBPASS GLANCE_DBPASS GLANCE_PASS PLACEMENT_DBPASS PLACEMENT_PASS \
    NOVA_DBPASS NOVA_PASS NEUTRON_DBPASS NEUTRON_PASS; do
  echo "$name=$(openssl rand -hex 10)"
done > ~/openstack-passwords
chmod 600 ~/openstack-passwords
. ~/openstack-passwords
wc -l < ~/openstack-passwords
