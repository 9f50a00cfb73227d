"""AI development readings (issue 13, engineer unseen9).

- *Users' content that AI or machine learning analyses in order to develop or improve the
  service's features is AI trained on it*: "intelligent features that may use artificial
  intelligence or machine learning to analyze and process your content and personal data to
  develop, provide and improve intelligent features and products" names the data, the
  technology and the purpose of building the product with them; the order of the words (AI
  first, data next, purpose last) is the only difference from "we use your content to
  improve our AI models", which the privacy rules read already. AI that analyses content only
  to provide a feature ("machine learning analyses your photos to suggest albums") develops
  nothing and stays out, and so does AI improving the user's own good ("... to detect spam and
  improve your safety": what is developed must be the service's features, models, products,
  services or technology) and the user's own use ("you may not use ...").
"""

from __future__ import annotations

from .base import Rule, _re
from .wording import _USER_IS_SUBJECT

_AI_ANALYSES_DATA_TO_DEVELOP = _re(
    r"\b(?:artificial intelligence|AI|machine[- ]learning)\b[^.;]{0,80}?"
    r"\b(?:analy[sz]\w*|process\w*|review\w*|learn\w* from|use\w*)\b[^.;]{0,30}?"
    r"\b(?:your|users?[’']?|customers?[’']?|personal)\b (?:\w+ ){0,3}?(?:content|data|information|inputs?|messages?|conversations?)\b"
    r"[^.;]{0,50}?\bto (?:\w+,? (?:and |or )?){0,2}?(?:develop|improv|build|enhanc|refin)\w*"
    # what is developed is the service's: "develop, provide and improve intelligent features",
    # "improve our models"; never "improve your safety" (the user's own good)
    r"(?:,?\s+(?!your\b)[\w-]+){0,5}?\s+(?:features?|functionalit\w+|models?|products?|services?|"
    r"technolog\w+|tools?|systems?|algorithms?|AI|capabilit\w+|offerings?)\b")

AI_DEVELOPMENT_RULES: tuple[Rule, ...] = (
    Rule("ai_training", _AI_ANALYSES_DATA_TO_DEVELOP,
         excludes=_USER_IS_SUBJECT,
         note="Users' content analysed by AI or machine learning to develop or improve features is AI training.",
         trigger=("artificial", "ai", "machine")),
)
