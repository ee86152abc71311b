"""Configuration of the joint trigger/argument/relation model.

Example:
    >>> from model.configuration import EventExtractionConfig
    >>> config = EventExtractionConfig(encoder_config={"model_type": "bert", "hidden_size": 32})
    >>> config.tag_names[:2], config.relation_classes[0]
    (['O', 'B-INTERCEPT'], 'none')
"""

from transformers import AutoConfig, PretrainedConfig

from model.schema import RELATION_CLASSES, TAG_CLASSES, bio_tags


class EventExtractionConfig(PretrainedConfig):
    """Encoder architecture + label schema + head sizes; saved as ``config.json``.

    ``encoder_config`` holds the encoder's own configuration, so a checkpoint rebuilds
    without reaching the hub; ``encoder_name`` records where its weights first came from.
    """

    model_type = "conflict-event-extraction"

    def __init__(
        self,
        encoder_config: dict | None = None,
        encoder_name: str | None = None,
        tag_classes: list[str] | None = None,
        relation_classes: list[str] | None = None,
        use_shape_feature: bool = True,
        shape_dim: int = 16,
        label_embedding_dim: int = 32,
        relation_hidden_dim: int = 256,
        window_size: int = 256,
        classifier_dropout: float = 0.1,
        initializer_range: float = 0.02,
        trigger_threshold: float = 0.0,
        library_versions: dict | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.encoder_config = encoder_config or {}
        self.encoder_name = encoder_name
        self.tag_classes = list(tag_classes or TAG_CLASSES)
        self.tag_names = bio_tags(tuple(self.tag_classes))
        self.relation_classes = list(relation_classes or RELATION_CLASSES)
        self.use_shape_feature = use_shape_feature
        self.shape_dim = shape_dim
        self.label_embedding_dim = label_embedding_dim
        self.relation_hidden_dim = relation_hidden_dim
        self.window_size = window_size
        self.classifier_dropout = classifier_dropout
        self.initializer_range = initializer_range
        self.trigger_threshold = trigger_threshold  # calibrated on dev after training
        self.library_versions = library_versions or {}


AutoConfig.register(EventExtractionConfig.model_type, EventExtractionConfig)  # lets Auto* classes read our config.json
