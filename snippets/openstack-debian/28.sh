# docs/zh/openstack-debian.md:436 · docs/en/openstack-debian.md:437
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/placement/placement.conf <<EOF
[placement_database]
connection = mysql+pymysql://placement:$PLACEMENT_DBPASS@controller/placement

[api]
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = http://controller:5000
auth_url = http://controller:5000/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = placement
password = $PLACEMENT_PASS
region_name = RegionOne
EOF
sudo crudini --set /etc/placement/placement-api-uwsgi.ini uwsgi processes 1
