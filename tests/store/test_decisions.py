"""`SessionState` used on its own, without a Workspace around it."""

from __future__ import annotations

from sqlalchemy.orm import Session
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement
from annotator.core.model import DEFAULT_RATING_SCALE, Status
from annotator.services.workspace import Workspace
from annotator.store.decisions import SessionState
from annotator.store.engine import create_store_engine

DOC_ID = seed_document().id


def test_a_session_state_registers_a_new_annotator_itself(database_url):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
    engine = create_store_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            state = SessionState(session, "newcomer", DEFAULT_RATING_SCALE)
            AcceptStatement(DOC_ID, "q1").do(state)  # a decision needs its annotator's row
    finally:
        engine.dispose()
    with Workspace.open(database_url, "newcomer") as ws:
        assert ws.load_document(DOC_ID).statements[0].status is Status.ACCEPTED
