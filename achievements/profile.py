"""What an incubator's profile shows of its achievements and incubated
projects (registered with incubators.profile)."""

from achievements.projects import incubator_activity_context
from incubators.profile import profile_section

profile_section(incubator_activity_context)
