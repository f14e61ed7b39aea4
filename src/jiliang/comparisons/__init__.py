"""Comparisons (计量比对): rounds, circulation of the artefact, laboratory results and their evaluation.

The statistics are the pure kernel ``jiliang.kernels.comparison`` (also behind the CLI contract
``jiliang comparison evaluate``); this app keeps the rounds, their participants and results, runs the
evaluation on them and draws its consequences (corrective actions, flagged measurement standards).
"""
