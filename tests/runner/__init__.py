"""The snippet runner, tested on tiny sites with pytester: no Docker."""
