"""Pure computational kernels: plain values in, frozen dataclasses out; no Django, no I/O.

Modules: ``identifiers`` (GB 32100 unified social credit codes), ``verification`` (validity and due
chains of mandatory verification), ``prepack`` (JJF 1070 net content), ``comparison`` (JJF 1117 / Cox 2002 /
ISO 13528 comparison statistics), ``traceability`` (traceability chains, uncertainty ratio, the greedy
build-out planner, JJF 1033 checks).
"""
