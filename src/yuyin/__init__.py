"""yuyin (语音): pretrain speech and text models on unlabeled data, fine-tune them for ASR and TTS.

Offline first: nothing here opens a network connection.
"""

from yuyin.audio import AudioError, load_audio, log_mel, save_audio

__version__ = "0.1.0"

__all__ = ["AudioError", "__version__", "load_audio", "log_mel", "save_audio"]
