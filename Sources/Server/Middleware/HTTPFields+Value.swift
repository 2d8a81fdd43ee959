import HTTPTypes

extension HTTPFields {
    /// The field's value, as `self[name]` gives it, without building a new string when the
    /// field occurs once (the subscript joins every value, which allocates even for one; this
    /// runs several times per request).
    func value(_ name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            guard found == nil else { return self[name] }  // repeated: join as the subscript does
            found = field.value
        }
        return found
    }
}
