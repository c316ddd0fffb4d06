# docs/zh/openstack-debian.md:160 · docs/en/openstack-debian.md:161
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/keystone/keystone.conf <<EOF
[database]
connection = mysql+pymysql://keystone:$KEYSTONE_DBPASS@controller/keystone

[token]
provider = fernet
EOF
