"""Correctness at scale: what the linter must do on whole trees of real code.

- ``campaign``: check, fix, fix again and check again over copies of whole
  source trees, and verify the named invariants of ``campaign.invariants``
  (``python -m bench.correctness.campaign``);
- ``gate_audit``: the fast paths report what the detector reports on whole
  modules (``python -m bench.correctness.gate_audit``);
- ``flake8_jobs``: ``flake8 -j2`` with the plugin reports exactly what
  ``-j1`` reports (``python -m bench.correctness.flake8_jobs``).
"""
