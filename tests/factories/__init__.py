"""Test data builders (factory_boy / wagtail-factories). Tests build the data they assert on with
these; nothing relies on `load_demo` (only tests/site/test_demo.py and the browser journeys do).

    users        UserFactory(roles=[...]), SuperuserFactory, user_with_role, role_group
    pages        one factory per page type, site_home(), site_skeleton(), paragraphs(), major()
    documents    DocumentFactory, CollectionFactory
    membership   ApplicationFactory(state=...), MembershipFactory(state=...), advance(), unit_data()
    expertpool   CandidateFactory(state=...), appoint(), profile()
    files        pdf_upload(), docx_bytes(), PDF_BYTES

The catalogue, and which states are reached through the real services, is in docs/testing.md.
"""

from .files import PDF_BYTES, docx_bytes, pdf_upload
from .membership import COUNCIL_SIZE, UNIT_DATA, unit_data
from .users import PASSWORD, SuperuserFactory, UserFactory, role_group, user_with_role

__all__ = [
    "COUNCIL_SIZE",
    "PASSWORD",
    "PDF_BYTES",
    "UNIT_DATA",
    "SuperuserFactory",
    "UserFactory",
    "docx_bytes",
    "pdf_upload",
    "role_group",
    "unit_data",
    "user_with_role",
]
