"""ctis.outreach: awareness events and trainings, their participants and their evaluation by a public feedback form (plan 4.2.1, 4.7, 4.8)."""
