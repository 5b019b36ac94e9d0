# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = ದಯವಿಟ್ಟು ಈಗ ಕೆಲವು ಪದಗಳಲ್ಲಿ ನಿಮ್ಮ ಸಮಸ್ಯೆ ಹೇಳಿ.
triage-not-heard = ನಮಗೆ ಕೇಳಿಸಲಿಲ್ಲ.
triage-emergency = ನೀವು ಹೇಳಿದ್ದು: "{ $evidence }". ಇದು ಅಪಾಯದ ಲಕ್ಷಣ. ನಿಮ್ಮನ್ನು ಈಗಲೇ { $emergency } ಗೆ ಸಂಪರ್ಕಿಸುತ್ತಿದ್ದೇವೆ.
triage-emergency-sms = ತುರ್ತು: ಈಗಲೇ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ ಅಥವಾ ಹತ್ತಿರದ ಆಸ್ಪತ್ರೆಗೆ ಹೋಗಿ. "{ $evidence }" ಅಪಾಯದ ಲಕ್ಷಣ.
triage-reply-high = ದಯವಿಟ್ಟು ಇಂದೇ ವೈದ್ಯರನ್ನು ಕಾಣಿ. ಹೆಚ್ಚಾದರೆ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ.
triage-reply-medium = ದಯವಿಟ್ಟು ಕೆಲವು ದಿನಗಳಲ್ಲಿ ವೈದ್ಯರನ್ನು ಕಾಣಿ. ಹೆಚ್ಚಾದರೆ ಮತ್ತೆ ಸಂಪರ್ಕಿಸಿ.
triage-reply-low = ಮನೆಯಲ್ಲಿ ವಿಶ್ರಾಂತಿ ಪಡೆದು ಕಾಳಜಿ ವಹಿಸಬಹುದು. ಹೆಚ್ಚಾದರೆ ಅಥವಾ ಮೂರು ದಿನಗಳಲ್ಲಿ ಕಡಿಮೆಯಾಗದಿದ್ದರೆ ವೈದ್ಯರನ್ನು ಕಾಣಿ.
triage-unclear = ನಮಗೆ ಅರ್ಥವಾಗಲಿಲ್ಲ. ದಯವಿಟ್ಟು ಕೆಲವು ಪದಗಳಲ್ಲಿ ಮತ್ತೆ ಹೇಳಿ, ಅಥವಾ ವೈದ್ಯರನ್ನು ಕೇಳಿ.
triage-unclear-sms = ಅರ್ಥವಾಗಲಿಲ್ಲ. ಕೆಲವು ಪದಗಳಲ್ಲಿ ಸಮಸ್ಯೆ ಬರೆಯಿರಿ, ಅಥವಾ DOCTOR ಕಳುಹಿಸಿ.
triage-offer-doctor = ಈಗಲೇ ವೈದ್ಯರೊಂದಿಗೆ ಮಾತನಾಡಲು 1 ಒತ್ತಿ. ಮುಖ್ಯ ಮೆನುಗಾಗಿ 2 ಒತ್ತಿ.
triage-sms-offer-doctor = ವೈದ್ಯರ ಕರೆಗಾಗಿ DOCTOR ಕಳುಹಿಸಿ.
triage-actions-emergency = ಈಗಲೇ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ ಅಥವಾ ಹತ್ತಿರದ ಆಸ್ಪತ್ರೆಗೆ ಹೋಗಿ. ಸಹಾಯ ಬರುವವರೆಗೆ ರೋಗಿಯ ಜೊತೆ ಇರಿ.
