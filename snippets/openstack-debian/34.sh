# docs/zh/openstack-debian.md:603 · docs/en/openstack-debian.md:604
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo -u nova nova-manage api_db sync
sudo -u nova nova-manage cell_v2 map_cell0
sudo -u nova nova-manage cell_v2 create_cell --name=cell1 --verbose
sudo -u nova nova-manage db sync
sudo -u nova nova-manage cell_v2 list_cells
