namespace L2Rec.Books;

/// <summary>One price level of a book side: the price and the quantity resting there, both as exchange text.</summary>
public readonly record struct PriceLevel(FixedDecimal Price, FixedDecimal Qty);
