using NetObs.Hubble.FlowValues;

namespace NetObs.Hubble.Tests.FlowValues;

/// <summary>
/// The group-by dimensions are defined once, in <see cref="FlowDimensions"/>; the query editor offers them from
/// plugin-frontend/src/contract/group-by-dimensions.json, which this test writes and keeps current.
/// </summary>
public sealed class GroupByContractTests
{
    [Fact]
    public void Frontend_group_by_contract_matches_the_dimension_catalog() =>
        FrontendContractFile.Check(
            "group-by-dimensions.json",
            "FlowDimensions (plugin-backend/NetObs.Hubble/FlowValues)",
            "tests/NetObs.Hubble.Tests/FlowValues/GroupByContractTests.cs",
            "GroupByContract",
            "dimensions",
            json =>
            {
                foreach (var dimension in FlowDimensions.All)
                {
                    json.WriteStartObject();
                    json.WriteString("name", dimension.Name);
                    json.WriteString("description", dimension.Description);
                    json.WriteEndObject();
                }
            });
}
