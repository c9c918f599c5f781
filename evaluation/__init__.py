"""The evaluation of triage's understanding: an evaluation set the team writes, and its figures.

``python -m evaluation`` (``make eval``) reads ``evaluation/data/<language>.yaml``,
runs every mail through the real triage (``understand`` with the intent model trained
from the rulebook's examples) and the rulebook's decision, and prints per-label
precision and recall, the precision of what is sent to routines, the share of routine
mail covered, a confusion matrix, entity accuracy and language accuracy. It is a
report, not a test: it exits 0 whatever the figures (``tests/evaluation/`` holds them
to their floors).
"""
