# docs/zh/openstack-debian.md:287 · docs/en/openstack-debian.md:288
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/glance/glance-api.conf <<EOF
[DEFAULT]
enabled_backends = fs:file
workers = 1

[database]
connection = mysql+pymysql://glance:$GLANCE_DBPASS@controller/glance

[keystone_authtoken]
www_authenticate_uri = http://controller:5000
auth_url = http://controller:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = glance
password = $GLANCE_PASS
region_name = RegionOne

[paste_deploy]
flavor = keystone

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = /var/lib/glance/images/
EOF
