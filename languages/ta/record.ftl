# தமிழ்: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } க்காகப் பதிவு செய்தோம்: { $reading }. கடைசி ஐந்தைப் பார்க்க READINGS அனுப்பவும்.
sms-reading-check = அளவைச் சரிபார்த்து மீண்டும் அனுப்பவும், எ.கா.: { $example }
sms-reading-high = { $reading } பாதுகாப்பில்லை. இன்றே DOCTOR அனுப்பி டாக்டரிடம் பேசுங்கள். நெஞ்சுவலி, மூச்சுத்திணறல், மயக்கம், குழப்பம்: உடனே { $emergency } அழைக்க
sms-reading-emergency = { $reading } ஆபத்தானது. உடனே { $emergency } ஐ அழைக்கவும் அல்லது அருகிலுள்ள மருத்துவமனைக்குச் செல்லவும்.
sms-reading-low-sugar = விழிப்புடன் விழுங்க முடிந்தால், உடனே இனிப்பு கொடுங்கள்.
sms-readings-none = { $who } க்காக இன்னும் அளவுகள் இல்லை. அனுப்பவும், எ.கா.: BP 140/90
sms-readings-list = { $who } க்காக கடைசி அளவுகள்:
reading-bp = பிபி { $top }/{ $bottom }
reading-sugar = சர்க்கரை { $value } mg/dL
reading-sugar-fasting = சர்க்கரை { $value } mg/dL வெறும் வயிற்றில்
reading-sugar-after-food = சர்க்கரை { $value } mg/dL சாப்பிட்ட பின்
reading-weight = எடை { $value } kg
reading-temp = வெப்பநிலை { $value } °F
reading-pulse = நாடித்துடிப்பு { $value }

## Profile by SMS
sms-profile-added = { $who } க்காகப் பதிவில் சேர்த்தோம்: { $item }. பார்க்க PROFILE அனுப்பவும்.
sms-profile-if-now = இது இப்போது நடந்தால் { $emergency } அழைக்கவும் அல்லது DOCTOR அனுப்பவும்.
sms-profile-usage = ALLERGY, CONDITION அல்லது MEDS உடன் அதன் பெயரை அனுப்பவும், எ.கா.: ALLERGY penicillin
sms-profile-none = { $who } க்காக பதிவு காலியாக உள்ளது. அனுப்பவும், எ.கா.: ALLERGY penicillin
sms-profile-list = { $who } க்காக பதிவு:
sms-profile-hint = HIDE n மருத்துவர்களிடம் மறைக்கும், SHOW n மீண்டும் காட்டும், REMOVE n நீக்கும்.
sms-profile-no-item = எண் { $n } இல்லை. எண்களைப் பார்க்க PROFILE அனுப்பவும்.
sms-profile-removed = எண் { $n } நீக்கப்பட்டது.
sms-profile-hidden = எண் { $n } இனி மருத்துவர்களுக்குத் தெரியாது.
sms-profile-shown = எண் { $n } இனி மருத்துவர்களுக்குத் தெரியும்.
profile-allergy = அலர்ஜி: { $text }
profile-condition = நோய்: { $text }
profile-medicine = மருந்து: { $text }
profile-hidden-mark = (மறைக்கப்பட்டது)

## Household by SMS
sms-for-list = இந்த போன் இவர்களுக்கானது: { $list }. FOR மற்றும் ஒரு எண் அனுப்பவும்.
sms-for-set = இனி { $who } க்காக எழுதப்படும்.
sms-for-unknown = இந்த போனில் நோயாளி { $n } இல்லை. பட்டியலுக்கு FOR அனுப்பவும்.
who-self = உங்களுக்
who-patient = நோயாளி { $n }

## Reminders by SMS
sms-prescription-remind = மருந்து நினைவூட்ட REMIND, நேரங்கள் அனுப்பவும்: 1 காலை, 2 மதியம், 3 மாலை, 4 இரவு, எ.கா. REMIND 1 4. அழைப்புக்கு CALL சேர்க்கவும்.
sms-remind-usage = REMIND, நேரங்கள் அனுப்பவும்: 1 காலை, 2 மதியம், 3 மாலை, 4 இரவு, எ.கா. REMIND 1 4. SMS க்குப் பதில் அழைப்புக்கு CALL சேர்க்கவும்.
sms-remind-none = நினைவூட்ட இன்னும் மருந்துச்சீட்டு எதுவும் இல்லை.
sms-remind-set = மருந்துச்சீட்டு { $ref }: { $channel } மூலம் { $times }, { $until } வரை நினைவூட்டுவோம். நிறுத்த STOP அனுப்பவும்.
sms-remind-dose = DoorStepDoctor நினைவூட்டல் { $who } க்காக: { $medicines } சாப்பிடும் நேரம். சாப்பிட்டதும் 1 அனுப்பவும்.
sms-remind-taken = நன்றி. சாப்பிட்டதாகப் பதிவு செய்தோம்.
remind-channel-sms = SMS
remind-channel-call = அழைப்பு
remind-slot-morning = காலை
remind-slot-afternoon = மதியம்
remind-slot-evening = மாலை
remind-slot-night = இரவு

## The record by keypad (main menu 5)
record-menu = உங்கள் உடல்நலப் பதிவு. அளவைக் கொடுக்க 1 ஐ அழுத்தவும். அலர்ஜி, நோய் அல்லது மருந்தைச் சேர்க்க 2 ஐ அழுத்தவும். உங்கள் பதிவைக் கேட்கவும், மருத்துவர்களிடமிருந்து எதையாவது மறைக்கவும் 3 ஐ அழுத்தவும். திரும்பிச் செல்ல ஸ்டாரை அழுத்தவும்.
reading-menu = ரத்த அழுத்தம் அல்லது பிபிக்கு 1 ஐ அழுத்தவும். சர்க்கரைக்கு 2 ஐ அழுத்தவும். எடைக்கு 3 ஐ அழுத்தவும். வெப்பநிலைக்கு 4 ஐ அழுத்தவும். நாடித்துடிப்புக்கு 5 ஐ அழுத்தவும்.
reading-bp-top = பிபியின் மேல் எண்ணை அழுத்தி, பிறகு ஹாஷை அழுத்தவும்.
reading-bp-bottom = இப்போது கீழ் எண்ணை அழுத்தி, பிறகு ஹாஷை அழுத்தவும்.
reading-sugar-ask = சர்க்கரை அளவை மில்லிகிராமில் அழுத்தி, பிறகு ஹாஷை அழுத்தவும்.
reading-weight-ask = எடையைக் கிலோவில் அழுத்தி, பிறகு ஹாஷை அழுத்தவும்.
reading-temp-ask = வெப்பநிலையை டிகிரியில் அழுத்தி, பிறகு ஹாஷை அழுத்தவும். புள்ளிக்கு ஸ்டாரை அழுத்தவும்.
reading-pulse-ask = நாடித்துடிப்பை அழுத்தி, பிறகு ஹாஷை அழுத்தவும்.
reading-saved = நன்றி. { $reading } அளவு பதிவு செய்யப்பட்டது.
reading-check = இந்த அளவு சரியாகத் தெரியவில்லை. சரிபார்த்து மீண்டும் அழுத்தவும்.
reading-high = இந்த அளவு பாதுகாப்பான அளவில் இல்லை. இன்றே மருத்துவரைப் பாருங்கள்.
reading-emergency = இந்த அளவு ஆபத்தானது.
reading-symptoms-ask = நெஞ்சுவலி, மூச்சுத்திணறல், மயக்கம், குழப்பம், அல்லது உடலின் ஒரு பக்கம் பலவீனம் உள்ளதா? ஆம் என்றால் 1 ஐ அழுத்தவும். இல்லை என்றால் 2 ஐ அழுத்தவும்.
reading-low-sugar = நோயாளி விழிப்புடன் இருந்து விழுங்க முடிந்தால், உடனே இனிப்பாக ஏதாவது சாப்பிட அல்லது குடிக்கக் கொடுங்கள்.
item-menu = அலர்ஜிக்கு 1 ஐ அழுத்தவும். நீண்ட நாள் நோய்க்கு 2 ஐ அழுத்தவும். தினமும் சாப்பிடும் மருந்துக்கு 3 ஐ அழுத்தவும்.
condition-menu = சர்க்கரை நோய்க்கு 1 ஐ அழுத்தவும். உயர் ரத்த அழுத்தம், 2. ஆஸ்துமா, 3. டிபி, 4. இதய நோய், 5. கர்ப்பம், 6. வேறு நோய்க்கு 7 ஐ அழுத்தவும்.
item-say-allergy = உங்களுக்கு எதனால் அலர்ஜி என்று சொல்லுங்கள்.
item-say-condition = நோயின் பெயரைச் சொல்லுங்கள்.
item-say-medicine = மருந்தின் பெயரையும், அதை எப்படிச் சாப்பிடுகிறீர்கள் என்பதையும் சொல்லுங்கள்.
item-saved = நன்றி. { $item } உங்கள் பதிவில் சேர்க்கப்பட்டது.
item-if-now = இது இப்போது நடந்தால், { $emergency } ஐ அழைக்க 0 ஐ அழுத்தவும்.
pregnancy-month-ask = கர்ப்பத்தின் எத்தனையாவது மாதம்? 1 முதல் 9 வரை ஒரு எண்ணை அழுத்தவும்.
condition-diabetes = சர்க்கரை நோய்
condition-hypertension = உயர் ரத்த அழுத்தம்
condition-asthma = ஆஸ்துமா
condition-tb = டிபி
condition-heart = இதய நோய்
condition-pregnancy = கர்ப்பம், மாதம் { $month }
record-empty = உங்கள் பதிவு காலியாக உள்ளது.
record-item = எண் { $n }: { $item }.
record-item-hidden = எண் { $n }: { $item }, மருத்துவர்களிடமிருந்து மறைக்கப்பட்டது.
record-toggle = ஒன்றை மருத்துவர்களிடமிருந்து மறைக்க அல்லது மீண்டும் காட்ட, அதன் எண்ணை அழுத்தவும். திரும்பிச் செல்ல ஸ்டாரை அழுத்தவும்.
record-now-hidden = எண் { $n } இப்போது மருத்துவர்களிடமிருந்து மறைக்கப்பட்டது.
record-now-shown = எண் { $n } இப்போது மருத்துவர்களுக்குத் தெரியும்.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = இந்த மருந்துகளைச் சாப்பிட நினைவூட்ட 1 ஐ அழுத்தவும். திரும்பிச் செல்ல ஸ்டாரை அழுத்தவும்.
remind-times = எப்போது நினைவூட்ட வேண்டும்? காலைக்கு 1 ஐ அழுத்தவும். மதியம், 2. மாலை, 3. இரவு, 4. பல எண்களை அழுத்தலாம், பிறகு ஹாஷை அழுத்தவும்.
remind-how = தொலைபேசி அழைப்பு மூலம் நினைவூட்ட 1 ஐ அழுத்தவும். SMS மூலம் நினைவூட்ட 2 ஐ அழுத்தவும்.
remind-set = நன்றி. { $until } வரை { $times } நினைவூட்டுவோம்.

## Calls we place
remind-call = வணக்கம், டோர்ஸ்டெப் டாக்டரிலிருந்து { $who } க்காக மருந்து நினைவூட்டல். இப்போது { $medicines } சாப்பிடும் நேரம். சாப்பிட்டிருந்தால் 1 ஐ அழுத்தவும். இன்னும் இல்லை என்றால் 2 ஐ அழுத்தவும்.
remind-call-taken = நன்றி. கவனமாக இருங்கள்.
remind-call-not-taken = மருத்துவர் எழுதியபடி சாப்பிடுங்கள். கவனமாக இருங்கள்.
follow-up-call = வணக்கம், டோர்ஸ்டெப் டாக்டரிலிருந்து அழைக்கிறோம். நீங்கள் எங்களிடம் பேசியதால், { $who } க்காக உடல்நிலை பற்றிக் கேட்க அழைக்கிறோம்: இப்போது எப்படி உள்ளது? நன்றாக இருந்தால் 1 ஐ அழுத்தவும். அப்படியே இருந்தால் 2 ஐ அழுத்தவும். இன்னும் மோசமாக இருந்தால் 3 ஐ அழுத்தவும்.
follow-up-better = கேட்க மகிழ்ச்சி. கவனமாக இருங்கள்.
follow-up-offer-doctor = இப்போது மருத்துவரிடம் பேச 1 ஐ அழுத்தவும். முதன்மை மெனுவுக்குத் திரும்ப 2 ஐ அழுத்தவும்.
replay-intro = உங்களுக்கான எங்கள் கடைசிச் செய்தி இதோ.
