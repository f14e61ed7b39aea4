"""Prepackaged goods (定量包装商品): net-content inspections of lots under JJF 1070 and the 办法.

The judgement itself is the pure kernel ``jiliang.kernels.prepack``; this app holds the entry points
around it, starting with the ``jiliang prepack`` command.
"""
