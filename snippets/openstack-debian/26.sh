# docs/zh/openstack-debian.md:410 · docs/en/openstack-debian.md:411
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo mariadb <<EOF
CREATE DATABASE placement;
GRANT ALL PRIVILEGES ON placement.* TO 'placement'@'localhost' IDENTIFIED BY '$PLACEMENT_DBPASS';
GRANT ALL PRIVILEGES ON placement.* TO 'placement'@'%' IDENTIFIED BY '$PLACEMENT_DBPASS';
EOF
openstack user create --domain default --password "$PLACEMENT_PASS" placement
openstack role add --project service --user placement admin
openstack service create --name placement --description "Placement API" placement
for interface in public internal admin; do
  openstack endpoint create --region RegionOne placement $interface http://controller:8778
done
