using Punchout.Validation.Carts;

namespace Punchout.Validation.Tests.Carts;

public class UnitCodesTests
{
    private readonly UnitCodes units = new(new Dictionary<string, string> { [" pcs "] = " EA ", ["STK"] = "EA", ["Karton"] = "CT" });

    [Theory]
    [InlineData("PCS", "EA")]
    [InlineData("Pcs", "EA")]
    [InlineData("stk", "EA")]
    [InlineData("KARTON", "CT")]
    [InlineData("EA", "EA")]
    [InlineData("bx", "BX")]
    [InlineData("C62", "C62")]
    [InlineData(" KGM ", "KGM")]
    public void CodeOf_MappedUnitOrCodeShapedUnit_IsItsCode(string unit, string code) =>
        Assert.Equal(code, units.CodeOf(unit));

    [Theory]
    [InlineData("EACH")]
    [InlineData("E")]
    [InlineData("Stück")]
    [InlineData("E-A")]
    [InlineData("")]
    [InlineData(null)]
    public void CodeOf_UnitNeitherMappedNorCodeShaped_IsNull(string? unit) =>
        Assert.Null(units.CodeOf(unit));

    [Theory]
    [InlineData("EA", true)]
    [InlineData("C62", true)]
    [InlineData("ea", false)]
    [InlineData("EACH", false)]
    [InlineData("E", false)]
    [InlineData(null, false)]
    public void IsPlausibleCode_TwoOrThreeUpperCaseLettersOrDigits(string? text, bool plausible) =>
        Assert.Equal(plausible, UnitCodes.IsPlausibleCode(text));
}
