# docs/zh/openstack-debian.md:527 · docs/en/openstack-debian.md:528
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/nova/nova.conf <<EOF
[DEFAULT]
transport_url = rabbit://openstack:$RABBIT_PASS@controller:5672/
my_ip = $(getent hosts controller | cut -d' ' -f1)

[api_database]
connection = mysql+pymysql://nova:$NOVA_DBPASS@controller/nova_api

[database]
connection = mysql+pymysql://nova:$NOVA_DBPASS@controller/nova

[api]
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = http://controller:5000/
auth_url = http://controller:5000/
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = nova
password = $NOVA_PASS
region_name = RegionOne

[service_user]
send_service_user_token = true
auth_url = http://controller:5000/
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = nova
password = $NOVA_PASS

[vnc]
enabled = false

[spice]
enabled = false

[glance]
api_servers = http://controller:9292

[oslo_concurrency]
lock_path = /var/lib/nova/tmp

[placement]
region_name = RegionOne
auth_url = http://controller:5000/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = placement
password = $PLACEMENT_PASS

[cinder]
os_region_name = RegionOne

[conductor]
workers = 1

[scheduler]
workers = 1
EOF
sudo crudini --set /etc/nova/nova-api-uwsgi.ini uwsgi processes 1
