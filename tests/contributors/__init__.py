"""What contributors meet: the guide is true, a new chapter is green, each usual mistake explains itself."""
