"""Demonstration data, one module for each thing it makes.

- ``setup``: ``ctis setup --demo``, which calls the generators below in order.
- Generators, one per domain: ``accounts`` (a user per role), ``plan`` (a reporting
  period with reports in every state), ``cases`` (synthetic persons and criminal cases,
  ``ctis demo --persons N``), ``nrm`` (facilities and the referral path).
- Vocabulary tables: ``names``, ``places``, ``exploitation``, ``justice``, each made of
  ``weights.Table``; ``spelling`` writes a name as different agencies would.
- ``batch``: the batch writer of the synthetic persons.
"""
