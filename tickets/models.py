"""The tickets app's models, defined in its sub-domains; re-exported here so the app label,
the tables and `tickets.models.X` stay put."""

from .compensation.models import Compensation, CompensationRequest
from .complaints.models import Complaint, IssueCode, Process
from .conversation.models import ComplaintMessage, ComplaintPhoto

__all__ = ["Compensation", "CompensationRequest", "Complaint", "ComplaintMessage", "ComplaintPhoto", "IssueCode", "Process"]
