"""The test lab: a Docker Engine, debootstrapped images, and per-run services with no route out.

``ensure_engine`` -> ``ensure_image`` -> ``LabServices`` (apt proxy, registry, git fixture on an internal network)
-> ``NestedEngine`` (the reader's machine with its own dockerd) or ``SuiteMachine`` (a fresh install of a suite,
no Docker), both a ``NamespacedMachine``. ``labels.cleanup`` removes what runs left.
"""
