# ગુજરાતી: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } માટે નોંધ્યું: { $reading }. છેલ્લા પાંચ જોવા READINGS મોકલો.
sms-reading-check = રીડિંગ તપાસીને ફરી મોકલો, દા.ત.: { $example }
sms-reading-high = { $reading } સલામત નથી. આજે ડૉક્ટરને મળો: DOCTOR મોકલો. છાતીમાં દુખાવો, હાંફ, બેભાન, ગૂંચવણ હોય તો તરત { $emergency } ને ફોન કરો
sms-reading-emergency = { $reading } જોખમી છે. હમણાં જ { $emergency } પર ફોન કરો અથવા નજીકની હોસ્પિટલે જાઓ.
sms-reading-low-sugar = દર્દી જાગતા હોય અને ગળી શકે, તો હમણાં જ કંઈક ગળ્યું ખાવા કે પીવા આપો.
sms-readings-none = { $who } માટે હજી કોઈ રીડિંગ નથી. મોકલો, દા.ત.: BP 140/90
sms-readings-list = { $who } માટે છેલ્લા રીડિંગ:
reading-bp = બીપી { $top }/{ $bottom }
reading-sugar = શુગર { $value } mg/dL
reading-sugar-fasting = શુગર { $value } mg/dL ખાલી પેટે
reading-sugar-after-food = શુગર { $value } mg/dL જમ્યા પછી
reading-weight = વજન { $value } kg
reading-temp = તાપમાન { $value } °F
reading-pulse = નાડી { $value }

## Profile by SMS
sms-profile-added = { $who } માટે રેકોર્ડમાં ઉમેર્યું: { $item }. જોવા PROFILE મોકલો.
sms-profile-if-now = આ અત્યારે થતું હોય તો { $emergency } ને ફોન કરો અથવા DOCTOR મોકલો.
sms-profile-usage = ALLERGY, CONDITION કે MEDS અને તેનું નામ મોકલો, દા.ત.: ALLERGY penicillin
sms-profile-none = { $who } માટે રેકોર્ડ ખાલી છે. મોકલો, દા.ત.: ALLERGY penicillin
sms-profile-list = { $who } માટે રેકોર્ડ:
sms-profile-hint = HIDE n ડૉક્ટરોથી છુપાવે, SHOW n ફરી બતાવે, REMOVE n કાઢી નાખે.
sms-profile-no-item = નંબર { $n } નથી. નંબર જોવા PROFILE મોકલો.
sms-profile-removed = નંબર { $n } કાઢી નાખ્યો.
sms-profile-hidden = નંબર { $n } હવે ડૉક્ટરોથી છુપાવ્યો છે.
sms-profile-shown = નંબર { $n } હવે ડૉક્ટરોને દેખાશે.
profile-allergy = એલર્જી: { $text }
profile-condition = બીમારી: { $text }
profile-medicine = દવા: { $text }
profile-hidden-mark = (છુપાવેલું)

## Household by SMS
sms-for-list = આ ફોન આમના માટે છે: { $list }. FOR અને નંબર મોકલો.
sms-for-set = હવે { $who } માટે નોંધ થશે.
sms-for-unknown = આ ફોન પર દર્દી { $n } નથી. યાદી માટે FOR મોકલો.
who-self = તમારા
who-patient = દર્દી { $n }

## Reminders by SMS
sms-prescription-remind = દવાની યાદ માટે REMIND અને સમય મોકલો: 1 સવાર, 2 બપોર, 3 સાંજ, 4 રાત, દા.ત. REMIND 1 4. ફોન માટે CALL ઉમેરો.
sms-remind-usage = REMIND અને સમય મોકલો: 1 સવાર, 2 બપોર, 3 સાંજ, 4 રાત, દા.ત. REMIND 1 4. SMS ને બદલે ફોન માટે CALL ઉમેરો.
sms-remind-none = યાદ અપાવવા માટે હજી કોઈ પ્રિસ્ક્રિપ્શન નથી.
sms-remind-set = પ્રિસ્ક્રિપ્શન { $ref } ની યાદ { $channel } થી, { $times }, { $until } સુધી. બંધ કરવા STOP મોકલો.
sms-remind-dose = DoorStepDoctor યાદ: { $who } માટે { $medicines } લેવાનો સમય. લીધા પછી 1 મોકલો.
sms-remind-taken = આભાર. લીધાની નોંધ કરી.
remind-channel-sms = SMS
remind-channel-call = ફોન
remind-slot-morning = સવાર
remind-slot-afternoon = બપોર
remind-slot-evening = સાંજ
remind-slot-night = રાત

## The record by keypad (main menu 5)
record-menu = તમારો આરોગ્ય રેકોર્ડ. રીડિંગ આપવા 1 દબાવો. એલર્જી, બીમારી કે દવા ઉમેરવા 2 દબાવો. તમારો રેકોર્ડ સાંભળવા અને ડૉક્ટરોથી કંઈક છુપાવવા 3 દબાવો. પાછા જવા સ્ટાર દબાવો.
reading-menu = બીપી માટે 1 દબાવો. શુગર માટે 2 દબાવો. વજન માટે 3 દબાવો. તાપમાન માટે 4 દબાવો. નાડી માટે 5 દબાવો.
reading-bp-top = કૃપા કરીને બીપીનો ઉપરનો આંકડો દબાવો, પછી હેશ દબાવો.
reading-bp-bottom = હવે નીચેનો આંકડો દબાવો, પછી હેશ દબાવો.
reading-sugar-ask = કૃપા કરીને શુગરનું રીડિંગ મિલિગ્રામમાં દબાવો, પછી હેશ દબાવો.
reading-weight-ask = કૃપા કરીને વજન કિલોમાં દબાવો, પછી હેશ દબાવો.
reading-temp-ask = કૃપા કરીને તાપમાન ડિગ્રીમાં દબાવો, પછી હેશ દબાવો. પોઇન્ટ માટે સ્ટાર દબાવો.
reading-pulse-ask = કૃપા કરીને નાડીના ધબકારા દબાવો, પછી હેશ દબાવો.
reading-saved = આભાર. રીડિંગ { $reading } નોંધાઈ ગયું.
reading-check = આ રીડિંગ બરાબર લાગતું નથી. કૃપા કરીને તપાસીને ફરી દબાવો.
reading-high = આ રીડિંગ સલામત હદની બહાર છે. કૃપા કરીને આજે જ ડૉક્ટરને બતાવો.
reading-emergency = આ રીડિંગ જોખમી છે.
reading-symptoms-ask = શું છાતીમાં દુખાવો, શ્વાસ ચડવો, બેભાન થવું, ગૂંચવણ, કે શરીરની એક બાજુ નબળાઈ છે? હા હોય તો 1 દબાવો. ના હોય તો 2 દબાવો.
reading-low-sugar = દર્દી જાગતા હોય અને ગળી શકે, તો હમણાં જ કંઈક ગળ્યું ખાવા કે પીવા આપો.
item-menu = એલર્જી માટે 1 દબાવો. લાંબા સમયની બીમારી માટે 2 દબાવો. રોજ લેતા હો તે દવા માટે 3 દબાવો.
condition-menu = ડાયાબિટીસ કે શુગર માટે 1 દબાવો. હાઈ બીપી, 2. દમ, 3. ટીબી, 4. હૃદયની બીમારી, 5. ગર્ભાવસ્થા, 6. બીજી બીમારી માટે 7 દબાવો.
item-say-allergy = કૃપા કરીને કહો કે તમને શેની એલર્જી છે.
item-say-condition = કૃપા કરીને બીમારીનું નામ કહો.
item-say-medicine = કૃપા કરીને દવાનું નામ અને તમે તે કેવી રીતે લો છો તે કહો.
item-saved = આભાર. { $item } તમારા રેકોર્ડમાં નોંધાઈ ગયું.
item-if-now = આ અત્યારે થતું હોય તો { $emergency } સાથે જોડાવા 0 દબાવો.
pregnancy-month-ask = ગર્ભાવસ્થાનો કયો મહિનો ચાલે છે? 1 થી 9 માંથી એક નંબર દબાવો.
condition-diabetes = ડાયાબિટીસ
condition-hypertension = હાઈ બીપી
condition-asthma = દમ
condition-tb = ટીબી
condition-heart = હૃદયની બીમારી
condition-pregnancy = ગર્ભાવસ્થા, મહિનો { $month }
record-empty = તમારો રેકોર્ડ ખાલી છે.
record-item = નંબર { $n }: { $item }.
record-item-hidden = નંબર { $n }: { $item }, ડૉક્ટરોથી છુપાવેલું.
record-toggle = કોઈ વસ્તુ ડૉક્ટરોથી છુપાવવા કે ફરી બતાવવા તેનો નંબર દબાવો. પાછા જવા સ્ટાર દબાવો.
record-now-hidden = નંબર { $n } હવે ડૉક્ટરોથી છુપાવ્યો છે.
record-now-shown = નંબર { $n } હવે ડૉક્ટરોને દેખાશે.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = આ દવાઓ લેવાની યાદ અપાવવા 1 દબાવો. પાછા જવા સ્ટાર દબાવો.
remind-times = અમે ક્યારે યાદ અપાવીએ? સવાર માટે 1 દબાવો. બપોર, 2. સાંજ, 3. રાત, 4. તમે એકથી વધુ નંબર દબાવી શકો, પછી હેશ દબાવો.
remind-how = ફોન કરીને યાદ અપાવવા 1 દબાવો. SMS થી યાદ અપાવવા 2 દબાવો.
remind-set = આભાર. અમે { $until } સુધી { $times } યાદ અપાવીશું.

## Calls we place
remind-call = નમસ્તે, ડોરસ્ટેપ ડૉક્ટર તરફથી { $who } માટે દવાની યાદ. હવે { $medicines } લેવાનો સમય થયો છે. લીધી હોય તો 1 દબાવો. હજી ન લીધી હોય તો 2 દબાવો.
remind-call-taken = આભાર. ધ્યાન રાખજો.
remind-call-not-taken = કૃપા કરીને ડૉક્ટરે લખ્યું છે તે રીતે લો. ધ્યાન રાખજો.
follow-up-call = નમસ્તે, ડોરસ્ટેપ ડૉક્ટર તરફથી ફોન છે. તમે અમારી સાથે વાત કરી હતી, એટલે { $who } વિશે પૂછવા ફોન કર્યો છે: હવે તબિયત કેવી છે? સારી હોય તો 1 દબાવો. એવી જ હોય તો 2 દબાવો. વધુ ખરાબ હોય તો 3 દબાવો.
follow-up-better = સાંભળીને આનંદ થયો. ધ્યાન રાખજો.
follow-up-offer-doctor = હમણાં ડૉક્ટર સાથે વાત કરવા 1 દબાવો. મુખ્ય મેનુ પર પાછા જવા 2 દબાવો.
replay-intro = તમારા માટે અમારો છેલ્લો સંદેશ સાંભળો.
