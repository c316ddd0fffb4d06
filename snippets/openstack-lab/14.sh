# docs/zh/openstack-lab.md:209 · docs/en/openstack-lab.md:224
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; only on Engine >=28
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
echo '{"allow-direct-routing": true}' | sudo tee /etc/docker/daemon.json
