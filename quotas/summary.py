"""What the home page shows of this layer: the year's quotas at a glance and
the latest published achievements."""

from django.utils import timezone

from achievements.listing import latest_achievements
from achievements.models import AchievementIndexPage
from quotas.progress import year_board


def home_activity_context():
    board = year_board(timezone.localdate().year)
    return {
        "quota_board": board,
        "latest_achievements": latest_achievements(4, incubators=board.incubators),
        "achievement_list": AchievementIndexPage.objects.live().first(),
    }
