# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = தயவுசெய்து இப்போது சில வார்த்தைகளில் உங்கள் பிரச்சனையைச் சொல்லுங்கள்.
triage-not-heard = எங்களுக்குக் கேட்கவில்லை.
triage-emergency = நீங்கள் சொன்னது: "{ $evidence }". இது ஆபத்தின் அறிகுறி. உங்களை இப்போது { $emergency } உடன் இணைக்கிறோம்.
triage-emergency-sms = அவசரம்: இப்போதே { $emergency } ஐ அழைக்கவும் அல்லது அருகிலுள்ள மருத்துவமனைக்குச் செல்லவும். "{ $evidence }" ஆபத்தின் அறிகுறி.
triage-reply-high = தயவுசெய்து இன்றே மருத்துவரைப் பாருங்கள். மோசமானால் { $emergency } ஐ அழைக்கவும்.
triage-reply-medium = தயவுசெய்து சில நாட்களில் மருத்துவரைப் பாருங்கள். மோசமானால் மீண்டும் தொடர்பு கொள்ளுங்கள்.
triage-reply-low = வீட்டில் ஓய்வெடுத்து கவனித்துக் கொள்ளலாம். மோசமானால் அல்லது மூன்று நாட்களில் சரியாகாவிட்டால் மருத்துவரைப் பாருங்கள்.
triage-unclear = எங்களுக்குப் புரியவில்லை. தயவுசெய்து சில வார்த்தைகளில் மீண்டும் சொல்லுங்கள், அல்லது மருத்துவரைக் கேளுங்கள்.
triage-unclear-sms = புரியவில்லை. சில வார்த்தைகளில் பிரச்சனையை எழுதுங்கள், அல்லது DOCTOR அனுப்புங்கள்.
triage-offer-doctor = இப்போதே மருத்துவருடன் பேச 1 ஐ அழுத்தவும். முதன்மை மெனுவுக்கு 2 ஐ அழுத்தவும்.
triage-sms-offer-doctor = மருத்துவர் அழைப்புக்கு DOCTOR அனுப்பவும்.
triage-actions-emergency = இப்போதே { $emergency } ஐ அழைக்கவும் அல்லது அருகிலுள்ள மருத்துவமனைக்குச் செல்லவும். உதவி வரும் வரை நோயாளியுடன் இருங்கள்.
