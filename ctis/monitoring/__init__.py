"""ctis.monitoring: internet and media monitoring: items found online, their risk screen, triage and the threads of identifiers they share (plan 4.2.6, 4.2.7)."""
