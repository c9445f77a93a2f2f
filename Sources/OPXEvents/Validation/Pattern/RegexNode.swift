/// The syntax tree of a ``RegexPattern``.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// Matches one scalar of a set.
    case scalar(ScalarSet)
    /// `^`: matches only at the start of the input.
    case start
    /// `$`: matches only at the end of the input.
    case end
    /// Each part in order.
    case sequence([RegexNode])
    /// Any one of the alternatives.
    case alternation([RegexNode])
    /// The node repeated `minimum` to `maximum` times (`nil`: unbounded).
    case repetition(RegexNode, minimum: Int, maximum: Int?)
}
