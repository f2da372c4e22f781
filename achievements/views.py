"""Public views: a visitor's interest in a published achievement."""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from achievements.interest import InterestForm, express_interest
from achievements.models import AchievementPage
from core.abuse import admit


@require_POST
def interest_view(request, pk):
    """The interest form of a live, public achievement page posts here; with
    errors the page is shown again with what was typed."""
    achievement = get_object_or_404(AchievementPage.objects.live().public(), pk=pk)
    form = InterestForm(request.POST)
    status = 400
    if form.is_spam:
        status = form.refuse_spam()
    elif form.is_valid():
        data = form.cleaned_data
        refusal = admit(request, "achievement-interest", contacts=(data["phone"], data["email"]))
        if refusal:
            form.add_error(None, refusal)
            status = 429
        else:
            express_interest(
                achievement,
                name=data["name"],
                organisation=data["organisation"],
                phone=data["phone"],
                email=data["email"],
                message=data["message"],
            )
            return HttpResponseRedirect(achievement.url + "?interest=sent#interest")
    context = achievement.get_context(request)
    context["interest_form"] = form
    return TemplateResponse(request, achievement.get_template(request), context, status=status)
