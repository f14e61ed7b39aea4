"""Comparisons (计量比对): comparison rounds, laboratory results and their evaluation.

The evaluation itself is the pure kernel ``jiliang.kernels.comparison``; this app provides the
``comparison`` management command (and, later, the rounds' models and pages).
"""
