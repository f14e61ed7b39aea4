from jiliang.comparisons.models.results import CorrectiveAction, PointEvaluation, Result
from jiliang.comparisons.models.rounds import ComparisonPoint, ComparisonRound, CustodyTransfer, Participant

__all__ = [
    "ComparisonPoint",
    "ComparisonRound",
    "CorrectiveAction",
    "CustodyTransfer",
    "Participant",
    "PointEvaluation",
    "Result",
]
