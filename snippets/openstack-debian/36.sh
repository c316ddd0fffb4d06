# docs/zh/openstack-debian.md:632 · docs/en/openstack-debian.md:633
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo mariadb <<EOF
CREATE DATABASE neutron;
GRANT ALL PRIVILEGES ON neutron.* TO 'neutron'@'localhost' IDENTIFIED BY '$NEUTRON_DBPASS';
GRANT ALL PRIVILEGES ON neutron.* TO 'neutron'@'%' IDENTIFIED BY '$NEUTRON_DBPASS';
EOF
openstack user create --domain default --password "$NEUTRON_PASS" neutron
openstack role add --project service --user neutron admin
openstack service create --name neutron --description "OpenStack Networking" network
for interface in public internal admin; do
  openstack endpoint create --region RegionOne network $interface http://controller:9696
done
