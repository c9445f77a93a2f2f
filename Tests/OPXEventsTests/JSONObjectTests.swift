import OPXEvents
import Testing

@Suite struct JSONObjectTests {
    @Test func sortsMembersOnCreation() throws {
        let object = try JSONObject([("b", 2), ("a", 1), ("\u{1F600}", 4), ("\u{FFFD}", 3)])
        #expect(object.keys == ["a", "b", "\u{1F600}", "\u{FFFD}"])
        #expect(object.count == 4)
        #expect(object["b"] == 2)
        #expect(object["z"] == nil)
    }

    @Test func rejectsDuplicateKeysOnCreation() {
        let error = #expect(throws: JSONObject.DuplicateKeyError.self) {
            try JSONObject([("a", 1), ("b", 2), ("a", 3)])
        }
        #expect(error?.key == "a")
        #expect(error?.description == #"duplicate key "a" in JSON object"#)
    }

    @Test func setInsertsInOrderAndReplacesExistingKeys() {
        var object: JSONObject = ["m": 1]
        object.set("z", 2)
        object.set("a", 3)
        object.set("m", 4)
        #expect(object.keys == ["a", "m", "z"])
        #expect(object["m"] == 4)
        object["a"] = nil
        #expect(object.keys == ["m", "z"])
        #expect(object.removeValue(forKey: "z") == 2)
        #expect(object.removeValue(forKey: "z") == nil)
        #expect(object.members.map(\.key) == ["m"])
    }

    @Test func equalsRegardlessOfInsertionOrder() throws {
        let first = try JSONObject([("a", 1), ("b", [true])])
        let second = try JSONObject([("b", [true]), ("a", 1.0)])
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(try JSONObject([("\u{E9}", 1)]) != JSONObject([("e\u{301}", 1)]))
    }

    @Test func escapesJSONPointerTokens() {
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
        #expect(JSONPointer.escape("plain") == "plain")
        #expect(JSONPointer.appending("", "~/") == "/~0~1")
        #expect(JSONPointer.appending("/a", index: 3) == "/a/3")
    }
}
