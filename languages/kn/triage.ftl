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

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = ಸುರಕ್ಷತೆಗಾಗಿ ಕೆಲವು ಚಿಕ್ಕ ಪ್ರಶ್ನೆಗಳು.
danger-keys = ಹೌದು ಅಂದರೆ 1 ಒತ್ತಿ, ಇಲ್ಲ ಅಂದರೆ 2 ಒತ್ತಿ.
danger-invalid = ದಯವಿಟ್ಟು ಹೌದು ಅಂದರೆ 1 ಒತ್ತಿ, ಇಲ್ಲ ಅಂದರೆ 2 ಒತ್ತಿ.
danger-q-universal = ಯಾರಾದರೂ ಪ್ರಜ್ಞೆ ತಪ್ಪಿದ್ದಾರಾ, ಫಿಟ್ಸ್ ಬರುತ್ತಿದೆಯಾ, ಉಸಿರಾಡಲು ತುಂಬಾ ಕಷ್ಟವಾಗುತ್ತಿದೆಯಾ, ಅಥವಾ ತುಂಬಾ ರಕ್ತ ಹೋಗುತ್ತಿದೆಯಾ?
danger-q-child_drink = ಮಗುವಿಗೆ ಏನೂ ಕುಡಿಯಲು ಅಥವಾ ಎದೆಹಾಲು ಕುಡಿಯಲು ಆಗುತ್ತಿಲ್ಲವಾ?
danger-q-child_vomit = ಮಗು ಎಲ್ಲವನ್ನೂ ವಾಂತಿ ಮಾಡುತ್ತಿದೆಯಾ, ನೀರನ್ನೂ ಸಹ?
danger-q-child_fits = ಈ ಕಾಯಿಲೆಯಲ್ಲಿ ಮಗುವಿಗೆ ಫಿಟ್ಸ್ ಬಂದಿದೆಯಾ?
danger-q-child_sleepy = ಮಗು ತುಂಬಾ ಮಂಪರಿನಲ್ಲಿದೆಯಾ, ಅಥವಾ ಎಬ್ಬಿಸಲು ಕಷ್ಟವಾಗುತ್ತಿದೆಯಾ?
danger-q-child_breathing = ಮಗು ಬೇಗ ಬೇಗ ಉಸಿರಾಡುತ್ತಿದೆಯಾ, ಅಥವಾ ಪ್ರತಿ ಉಸಿರಿಗೂ ಎದೆ ಒಳಗೆ ಎಳೆದುಕೊಳ್ಳುತ್ತಿದೆಯಾ?
danger-q-preg_bleeding = ಕೆಳಗಿನಿಂದ ಸ್ವಲ್ಪವಾದರೂ ರಕ್ತ ಹೋಗುತ್ತಿದೆಯಾ?
danger-q-preg_movement = ಹೊಟ್ಟೆಯಲ್ಲಿರುವ ಮಗುವಿನ ಅಲುಗಾಟ ನಿಂತಿದೆಯಾ, ಅಥವಾ ತುಂಬಾ ಕಡಿಮೆಯಾಗಿದೆಯಾ?
danger-q-preg_headache = ತುಂಬಾ ಜೋರಾದ ತಲೆನೋವು ಇದೆಯಾ, ಅಥವಾ ಕಣ್ಣು ಮಂಜಾಗಿ ಕಾಣುತ್ತಿದೆಯಾ?
danger-q-stroke_signs = ಮುಖ ಅಥವಾ ದೇಹದ ಒಂದು ಕಡೆ ಶಕ್ತಿ ಕಡಿಮೆಯಾಗಿದೆಯಾ, ಅಥವಾ ಮಾತು ಸರಿಯಾಗಿ ಬರುತ್ತಿಲ್ಲವಾ?
danger-q-headache_sudden = ತಲೆನೋವು ಇದ್ದಕ್ಕಿದ್ದಂತೆ ಶುರುವಾಯಿತಾ, ಮತ್ತು ಇದು ಇದುವರೆಗಿನ ಅತಿ ಜೋರಾದ ತಲೆನೋವಾ?
danger-q-chest_pain = ಎದೆಯಲ್ಲಿ ನೋವು, ಒತ್ತಡ ಅಥವಾ ಭಾರ ಇದೆಯಾ?
danger-q-injury_bleeding = ರಕ್ತ ಹೋಗುವುದು ನಿಲ್ಲುತ್ತಿಲ್ಲವಾ?
danger-q-injury_head = ತಲೆಗೆ ಪೆಟ್ಟಾಗಿದೆಯಾ, ಮತ್ತು ಆಮೇಲಿಂದ ವಾಂತಿ ಆಗುತ್ತಿದೆಯಾ?
danger-q-elderly_stand = ರೋಗಿಗೆ ನಿಲ್ಲಲು ಅಥವಾ ನಡೆಯಲು ಆಗುತ್ತಿಲ್ಲವಾ?
danger-q-burn_site = ಮುಖ ಸುಟ್ಟಿದೆಯಾ, ಅಥವಾ ಸುಟ್ಟ ಜಾಗ ರೋಗಿಯ ಕೈಗಿಂತ ದೊಡ್ಡದಾಗಿದೆಯಾ?
danger-q-fever_neck = ಕುತ್ತಿಗೆ ಎಷ್ಟು ಬಿಗಿಯಾಗಿದೆ ಅಂದರೆ ಗಲ್ಲ ಎದೆಗೆ ತಾಗುತ್ತಿಲ್ಲವಾ?
danger-q-fever_bleeding = ವಸಡು ಅಥವಾ ಮೂಗಿನಿಂದ ರಕ್ತ ಬರುತ್ತಿದೆಯಾ?
danger-q-bite_face = ಕಚ್ಚಿದ್ದು ಮುಖ, ತಲೆ ಅಥವಾ ಕುತ್ತಿಗೆಯ ಮೇಲಾ?
danger-q-abdomen_severe = ಹೊಟ್ಟೆನೋವು ತುಂಬಾ ಜೋರಾಗಿದೆಯಾ?
danger-q-sugar_symptoms = ರೋಗಿ ಗೊಂದಲದಲ್ಲಿದ್ದಾರಾ, ತುಂಬಾ ಮಂಪರಿನಲ್ಲಿದ್ದಾರಾ, ಅಥವಾ ಬೆವರುತ್ತಾ ನಡುಗುತ್ತಿದ್ದಾರಾ?
danger-q-breathing = ಉಸಿರಾಡಲು ಕಷ್ಟವಾಗುತ್ತಿದೆಯಾ?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = ಸುರಕ್ಷತೆಗಾಗಿ: ಯಾರಾದರೂ ಪ್ರಜ್ಞೆ ತಪ್ಪಿದ್ದರೆ, ಫಿಟ್ಸ್ ಬಂದರೆ, ಉಸಿರಾಡಲು ತುಂಬಾ ಕಷ್ಟವಾದರೆ ಅಥವಾ ತುಂಬಾ ರಕ್ತ ಹೋಗುತ್ತಿದ್ದರೆ 1 ಕಳುಹಿಸಿ, ಇಲ್ಲದಿದ್ದರೆ 2 ಕಳುಹಿಸಿ.
danger-sms-no = ಧನ್ಯವಾದ. ಏನಾದರೂ ಬದಲಾದರೆ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ.
