/// The upcasters for built-in event types, which every ``EventRegistry`` starts with.
///
/// To change a built-in event:
/// 1. add `Schemas/events/<type>/v2.schema.json` (never edit `v1`) and run `Tools/schemas/embed.sh`;
/// 2. change the Swift type's fields and set its `schemaVersion` to 2;
/// 3. add an upcaster here, in its own file `Upcasting/<TypeName>+v1.swift`, such as
///    `extension IncidentOpened { static let upcasterFromV1 = Upcaster(type: eventType, from: 1) { … } }`;
/// 4. keep the golden fixture `Tests/OPXEventsTests/Fixtures/valid/<type>.v1.json` and add a `v2` one: the v1
///    file must still decode, through the upcaster.
enum BuiltInUpcasters {
    /// Every built-in upcaster.
    static let all: [Upcaster] = [IncidentSignalAttached.upcasterFromV1]
}
