"""The safety screen in short parts (every question still asked), and result pages that name
the answers that set them and say what to do once."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import safety
from supple.programs import services
from supple.programs.models import Profile
from tests.conftest import PASSWORD
from tests.programs.conftest import CLEAR


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_questions_come_in_short_parts_and_each_is_still_asked(
    client: Client, enrolled: Profile
) -> None:
    client.login(username="pat", password=PASSWORD)
    page = client.get("/check/").content.decode()
    assert page.count('<section class="question-group"') == 4
    assert page.count('<fieldset class="question"') == len(safety.ASKED_IDS)
    assert "Part 1 of 4" in page
    assert "Part 4 of 4" in page
    # Every question must still be answered: one left out is refused, and marked.
    answers = dict.fromkeys(safety.ASKED_IDS, "no")
    del answers["G3"]
    response = client.post("/check/", answers)
    assert response.status_code == 400
    assert "Please answer yes or no." in response.content.decode()


def test_the_urgent_page_names_the_answer_and_says_it_once(
    client: Client, enrolled: Profile, patient: User
) -> None:
    services.record_screen(patient, CLEAR | {"U3": True}, trigger="user", now=timezone.now())
    client.login(username="pat", password=PASSWORD)
    main = _main(client.get("/check/result/").content.decode())
    assert "Because you answered yes to:" in main
    assert "Have you ever had cancer?" in main
    assert main.count("48 hours") == 1
    assert main.count("paused") == 0  # once is enough: "Your exercises wait until then"
    assert "U3" not in main


def test_the_emergency_page_names_the_answer_and_what_to_do(
    client: Client, enrolled: Profile, patient: User
) -> None:
    services.record_screen(patient, CLEAR | {"E3": True}, trigger="user", now=timezone.now())
    client.login(username="pat", password=PASSWORD)
    main = _main(client.get("/today/").content.decode())
    assert "You answered yes to: <strong>Loss of control of the bowels</strong>" in main
    assert main.count("Seek emergency care now") == 1
    assert "go to an emergency department now" in main
