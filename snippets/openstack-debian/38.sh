# docs/zh/openstack-debian.md:658 · docs/en/openstack-debian.md:659
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/neutron/neutron.conf <<EOF
[DEFAULT]
transport_url = rabbit://openstack:$RABBIT_PASS@controller
service_plugins =
api_workers = 1
rpc_workers = 1

[database]
connection = mysql+pymysql://neutron:$NEUTRON_DBPASS@controller/neutron

[keystone_authtoken]
www_authenticate_uri = http://controller:5000
auth_url = http://controller:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = neutron
password = $NEUTRON_PASS
region_name = RegionOne

[nova]
auth_url = http://controller:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = nova
password = $NOVA_PASS
EOF
sudo crudini --set /etc/neutron/neutron-api-uwsgi.ini uwsgi processes 1
