# தமிழ்: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: மருத்துவர்: DOCTOR, மருந்து: MED மருந்து பின்கோடு, நிலை: STATUS, மொழி: LANG, நிறுத்த: STOP. அவசரம்: { $emergency }
sms-lang-list = LANG மற்றும் ஒரு எண் அனுப்பவும்:
sms-lang-set = இனி தமிழில் பதில் அளிப்போம்.
sms-doctor-booked = மருத்துவர் அழைப்புக் கோரிக்கை பதிவு, எண் { $ref }. திரும்ப அழைப்போம். அவசரம்: { $emergency }
sms-med-usage = மருந்து தேட அனுப்பவும்: MED மருந்தின்-பெயர் பின்கோடு
sms-med-none = { $pincode } இல் எந்தக் கடையிலும் { $medicine } இல்லை.
sms-med-found = { $pincode } இல் { $medicine }:
sms-status-none = உங்களுக்குத் திறந்த கோரிக்கைகள் இல்லை.
sms-status-callbacks = திறந்த கோரிக்கைகள்: { $refs }
sms-stopped = இனி உங்களுக்கு SMS வராது. மீண்டும் தொடங்க START அனுப்பவும்.
sms-started = SMS மீண்டும் தொடக்கம். மெனுவுக்கு HELP அனுப்பவும்.
sms-error = மன்னிக்கவும், தொழில்நுட்பப் பிரச்சனை. பிறகு முயலவும். அவசரம்: { $emergency }
